// The admin's pages: schools and gates (register, issue a secret shown once, revoke, close),
// accounts (add, disable, new password), and the report deadline. Plain forms; each answer
// comes back on the same page with what was done, or why not, in words.
import type { ReactNode } from 'react';
import type { Account } from '../accounts';
import { minPasswordLength } from '../accounts';
import { whenText } from '../format';
import type { SchoolRow } from '../../service/registry';
import { Empty, Notice, Page, type PageContext } from './layout';

/** A secret just issued, shown once with the kiosk's other district settings. */
export interface IssuedSecret {
  schoolId: string;
  gateId: string;
  secret: string;
  url: string;
  /** The url was worked out from the page's own address (no --public-url). */
  derived: boolean;
}

export type Message = { kind: 'ok' | 'bad'; text: string };

function AdminFrame(props: {
  ctx: PageContext;
  title: string;
  current: 'schools' | 'accounts' | 'settings';
  message?: Message;
  children: ReactNode;
}) {
  const { ctx } = props;
  const { w } = ctx;
  const tabs: [typeof props.current, string][] = [
    ['schools', w.navSchools],
    ['accounts', w.navAccounts],
    ['settings', w.navSettings],
  ];
  return (
    <Page ctx={ctx} title={props.title} section="admin">
      <nav className="tabs">
        {tabs.map(([key, label]) => (
          <a
            key={key}
            href={`/bureau/admin/${key}`}
            className={key === props.current ? 'current' : undefined}
          >
            {label}
          </a>
        ))}
      </nav>
      <h1>{props.title}</h1>
      {props.message ? (
        <Notice kind={props.message.kind} testId="admin-message">
          {props.message.text}
        </Notice>
      ) : null}
      {props.children}
    </Page>
  );
}

const iso = (text: string | null): Date | null => (text === null ? null : new Date(text));

export function SchoolsAdminPage(props: {
  ctx: PageContext;
  schools: SchoolRow[];
  message?: Message;
  issued?: IssuedSecret;
}) {
  const { ctx, schools, issued } = props;
  const { w } = ctx;
  const open = schools.filter((school) => school.closedAt === null);
  return (
    <AdminFrame ctx={ctx} title={w.schoolsTitle} current="schools" message={props.message}>
      {issued ? (
        <section className="issued" data-testid="issued-secret">
          <p>
            <strong>{w.secretShownOnce}</strong>
          </p>
          <p>{w.kioskWhere}</p>
          <dl>
            <dt>{w.kioskUrl}</dt>
            <dd className="mono">
              {issued.url}{' '}
              {issued.derived ? <span className="dim small">{w.kioskUrlNote}</span> : null}
            </dd>
            <dt>{w.kioskSchoolId}</dt>
            <dd className="mono">{issued.schoolId}</dd>
            <dt>{w.kioskGateId}</dt>
            <dd className="mono">{issued.gateId}</dd>
            <dt>{w.kioskSecret}</dt>
            <dd className="mono secret" data-testid="secret">
              {issued.secret}
            </dd>
          </dl>
          <p>{w.kioskRestart}</p>
        </section>
      ) : null}
      <div className="forms">
        <form
          method="post"
          action="/bureau/admin/schools"
          className="inline"
          data-testid="add-school"
        >
          <input type="hidden" name="action" value="add-school" />
          <h2>{w.addSchool}</h2>
          <label>
            {w.schoolId}
            <input name="schoolId" required maxLength={64} />
          </label>
          <label>
            {w.schoolName}
            <input name="name" required maxLength={200} />
          </label>
          <label>
            {w.areaOptional}
            <input name="area" maxLength={200} />
          </label>
          <button type="submit">{w.addSchool}</button>
        </form>
        {open.length > 0 ? (
          <form
            method="post"
            action="/bureau/admin/schools"
            className="inline"
            data-testid="add-gate"
          >
            <input type="hidden" name="action" value="add-gate" />
            <h2>{w.addGate}</h2>
            <label>
              {w.school}
              <select name="schoolId" required>
                {open.map((school) => (
                  <option key={school.schoolId} value={school.schoolId}>
                    {school.name}（{school.schoolId}）
                  </option>
                ))}
              </select>
            </label>
            <label>
              {w.gateId}
              <input name="gateId" required maxLength={64} />
            </label>
            <label>
              {w.gateName}
              <input name="name" maxLength={200} />
            </label>
            <button type="submit">{w.addGate}</button>
          </form>
        ) : null}
      </div>
      {schools.length === 0 ? (
        <Empty testId="no-schools">{w.noSchools}</Empty>
      ) : (
        <table className="grid" data-testid="registry">
          <thead>
            <tr>
              <th>{w.school}</th>
              <th>{w.gate}</th>
              <th>{w.secret}</th>
              <th />
            </tr>
          </thead>
          {schools.map((school) => (
            <tbody key={school.schoolId} data-testid={`registry-${school.schoolId}`}>
              {(school.gates.length > 0 ? school.gates : [null]).map((gate, index) => (
                <tr key={gate?.gateId ?? ''}>
                  {index === 0 ? (
                    <th scope="rowgroup" rowSpan={Math.max(1, school.gates.length)} className="who">
                      {school.name}
                      <small>
                        {school.area ? `${school.area} · ` : ''}
                        {school.schoolId}
                      </small>
                      {school.closedAt ? (
                        <small className="alarm">
                          {w.closedSchool(whenText(iso(school.closedAt), ctx.lang))}
                        </small>
                      ) : (
                        <form method="post" action="/bureau/admin/schools" className="confirm">
                          <input type="hidden" name="action" value="close" />
                          <input type="hidden" name="schoolId" value={school.schoolId} />
                          <label className="small">
                            <input type="checkbox" name="confirm" value="yes" required />{' '}
                            {w.confirmClose}
                          </label>
                          <button type="submit" className="danger">
                            {w.closeSchool}
                          </button>
                        </form>
                      )}
                    </th>
                  ) : null}
                  {gate === null ? (
                    <td colSpan={3} className="dim">
                      {w.noGates}
                    </td>
                  ) : (
                    <>
                      <td>
                        {gate.name || gate.gateId}
                        {gate.name ? <small className="dim"> {gate.gateId}</small> : null}
                      </td>
                      <td>
                        {gate.revokedAt ? (
                          <span className="alarm">
                            {w.revokedAt(whenText(iso(gate.revokedAt), ctx.lang))}
                          </span>
                        ) : gate.secretIssuedAt ? (
                          w.secretIssuedAt(whenText(iso(gate.secretIssuedAt), ctx.lang))
                        ) : (
                          <span className="dim">{w.noSecret}</span>
                        )}
                      </td>
                      <td>
                        {school.closedAt ? null : (
                          <div className="row-actions">
                            <form method="post" action="/bureau/admin/schools">
                              <input type="hidden" name="action" value="issue" />
                              <input type="hidden" name="schoolId" value={school.schoolId} />
                              <input type="hidden" name="gateId" value={gate.gateId} />
                              <button
                                type="submit"
                                className={gate.secretIssuedAt ? 'secondary' : undefined}
                                data-testid={`issue-${school.schoolId}-${gate.gateId}`}
                              >
                                {gate.secretIssuedAt ? w.reissueSecret : w.issueSecret}
                              </button>
                            </form>
                            {gate.secretIssuedAt && !gate.revokedAt ? (
                              <form
                                method="post"
                                action="/bureau/admin/schools"
                                className="confirm"
                              >
                                <input type="hidden" name="action" value="revoke" />
                                <input type="hidden" name="schoolId" value={school.schoolId} />
                                <input type="hidden" name="gateId" value={gate.gateId} />
                                <label className="small">
                                  <input type="checkbox" name="confirm" value="yes" required />{' '}
                                  {w.confirmRevoke}
                                </label>
                                <button type="submit" className="danger">
                                  {w.revoke}
                                </button>
                              </form>
                            ) : null}
                          </div>
                        )}
                      </td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      )}
    </AdminFrame>
  );
}

export function AccountsAdminPage(props: {
  ctx: PageContext;
  accounts: Account[];
  message?: Message;
}) {
  const { ctx } = props;
  const { w } = ctx;
  return (
    <AdminFrame ctx={ctx} title={w.accountsTitle} current="accounts" message={props.message}>
      <form
        method="post"
        action="/bureau/admin/accounts"
        className="inline"
        data-testid="add-account"
      >
        <input type="hidden" name="action" value="add" />
        <h2>{w.addAccount}</h2>
        <label>
          {w.username}
          <input name="username" required maxLength={40} autoComplete="off" />
        </label>
        <label>
          {w.displayName}
          <input name="displayName" maxLength={100} />
        </label>
        <label>
          {w.role}
          <select name="role">
            <option value="officer">{w.roleOfficer}</option>
            <option value="admin">{w.roleAdmin}</option>
          </select>
        </label>
        <label>
          {w.password}
          <input
            name="password"
            type="password"
            required
            minLength={minPasswordLength}
            autoComplete="new-password"
            placeholder={w.passwordRule(minPasswordLength)}
          />
        </label>
        <button type="submit">{w.addAccount}</button>
      </form>
      <table className="grid" data-testid="accounts">
        <thead>
          <tr>
            <th>{w.username}</th>
            <th>{w.displayName}</th>
            <th>{w.role}</th>
            <th>{w.createdAt}</th>
            <th>{w.statusColumn}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {props.accounts.map((account) => (
            <tr key={account.username} data-testid={`account-${account.username}`}>
              <td className="mono">{account.username}</td>
              <td>{account.displayName}</td>
              <td>{account.role === 'admin' ? w.roleAdmin : w.roleOfficer}</td>
              <td>{whenText(account.createdAt, ctx.lang)}</td>
              <td>{account.disabledAt ? <span className="alarm">{w.disabled}</span> : w.active}</td>
              <td>
                <div className="row-actions">
                  <form method="post" action="/bureau/admin/accounts">
                    <input type="hidden" name="action" value="password" />
                    <input type="hidden" name="username" value={account.username} />
                    <input
                      name="password"
                      type="password"
                      required
                      minLength={minPasswordLength}
                      autoComplete="new-password"
                      placeholder={w.newPassword}
                      aria-label={w.newPassword}
                    />
                    <button type="submit">{w.setPassword}</button>
                  </form>
                  {account.disabledAt || account.username === ctx.account.username ? null : (
                    <form method="post" action="/bureau/admin/accounts">
                      <input type="hidden" name="action" value="disable" />
                      <input type="hidden" name="username" value={account.username} />
                      <button type="submit" className="danger">
                        {w.disable}
                      </button>
                    </form>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </AdminFrame>
  );
}

export function SettingsAdminPage(props: {
  ctx: PageContext;
  deadline: string;
  message?: Message;
}) {
  const { ctx } = props;
  const { w } = ctx;
  return (
    <AdminFrame ctx={ctx} title={w.settingsTitle} current="settings" message={props.message}>
      <p className="sub">{w.settingsIntro}</p>
      <form
        method="post"
        action="/bureau/admin/settings"
        className="inline"
        data-testid="deadline-form"
      >
        <label>
          {w.deadline}
          <input name="deadline" type="time" required defaultValue={props.deadline} />
        </label>
        <button type="submit">{w.save}</button>
      </form>
    </AdminFrame>
  );
}
