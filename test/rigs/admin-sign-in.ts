// Test rig: gets past the admin door of the settings screen in Chromium — creates the first
// admin on a fresh kiosk, or signs in as that admin — as an admin would with the keyboard.
import type { Page } from 'playwright-core';

export const e2eAdmin = {
  username: 'admin',
  displayName: '管理员',
  password: 'e2e-admin-password',
};

export async function signInAsAdmin(page: Page): Promise<void> {
  const door = page.locator(
    '[data-testid="first-admin"], [data-testid="sign-in"], [data-testid="admin-area"]',
  );
  await door.first().waitFor();
  if ((await page.getByTestId('admin-area').count()) > 0) return;
  const first = (await page.getByTestId('first-admin').count()) > 0;
  await page.getByTestId('admin-username').fill(e2eAdmin.username);
  if (first) await page.getByTestId('admin-display-name').fill(e2eAdmin.displayName);
  await page.getByTestId('admin-password').fill(e2eAdmin.password);
  await page.getByTestId('admin-submit').click();
  await page.getByTestId('admin-area').waitFor();
}
