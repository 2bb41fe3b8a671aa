// The headers on every page and API answer, checked directive by directive.
import { describe, expect, it } from 'vitest';
import { securityHeaders } from '../../../backend/serving/app-protocol';
import {
  apiContentSecurityPolicy,
  apiSecurityHeaders,
  contentSecurityPolicy,
  pageSecurityHeaders,
  permissionsPolicy,
} from '../../../backend/serving/security-headers';

const common = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

describe('security headers', () => {
  it.each([
    ['pages', pageSecurityHeaders()],
    ['API answers', apiSecurityHeaders()],
    ['app:// answers', securityHeaders()],
  ])('%s carry nosniff, no-referrer, DENY, COOP, CORP and the permissions policy', (_, h) => {
    expect(h).toMatchObject({ ...common, 'permissions-policy': permissionsPolicy });
  });

  it('gives pages the screen policy and API answers one that allows nothing', () => {
    expect(pageSecurityHeaders()['content-security-policy']).toBe(contentSecurityPolicy);
    expect(apiSecurityHeaders()['content-security-policy']).toBe(apiContentSecurityPolicy);
    expect(apiContentSecurityPolicy).toContain("default-src 'none'");
  });

  it.each([contentSecurityPolicy, apiContentSecurityPolicy])('refuses frames in %s', (policy) => {
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/'unsafe-eval'|\*/);
  });

  it('never lets a cache keep an API answer (personal data)', () => {
    expect(apiSecurityHeaders()['cache-control']).toBe('no-store');
  });

  it('allows the camera for the page itself and nothing else', () => {
    const directives = permissionsPolicy.split(', ');
    expect(directives.filter((d) => !d.endsWith('=()'))).toEqual(['camera=(self)']);
    for (const feature of ['microphone', 'geolocation', 'display-capture', 'usb', 'serial']) {
      expect(directives).toContain(`${feature}=()`);
    }
  });
});
