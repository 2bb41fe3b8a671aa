// Pages outside the signed-in frame: sign-in, and a message in words (a refusal, an error) for
// someone not signed in. Signed in, a message is shown inside the frame (MessagePage).
import type { ReactNode } from 'react';
import type { Lang, Words } from '../words';
import { Notice, Page, type PageContext } from './layout';

function Bare(props: {
  w: Words;
  lang: Lang;
  title: string;
  switchTo: string;
  children: ReactNode;
}) {
  const { w } = props;
  return (
    <html lang={w.htmlLang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${w.product}`}</title>
        <link rel="stylesheet" href="/bureau/style.css" />
      </head>
      <body className="bare">
        <main className="card">
          <p className="brand">{w.product}</p>
          {props.children}
          <p className="switch">
            <a href={props.switchTo} data-testid="switch-language">
              {w.otherLanguage}
            </a>
          </p>
        </main>
      </body>
    </html>
  );
}

export function SignInPage(props: {
  w: Words;
  lang: Lang;
  next: string;
  username?: string;
  message?: { kind: 'ok' | 'bad' | 'info'; text: string };
}) {
  const { w } = props;
  const query = new URLSearchParams({ lang: w.otherLang });
  if (props.next !== '/bureau/') query.set('next', props.next);
  return (
    <Bare
      w={w}
      lang={props.lang}
      title={w.signInTitle}
      switchTo={`/bureau/sign-in?${query.toString()}`}
    >
      <h1>{w.signInTitle}</h1>
      {props.message ? (
        <Notice kind={props.message.kind} testId="sign-in-message">
          {props.message.text}
        </Notice>
      ) : null}
      <form method="post" action="/bureau/sign-in" className="stack">
        <input type="hidden" name="next" value={props.next} />
        <label>
          {w.username}
          <input
            name="username"
            autoComplete="username"
            required
            defaultValue={props.username}
            autoFocus
          />
        </label>
        <label>
          {w.password}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" data-testid="sign-in">
          {w.signIn}
        </button>
      </form>
    </Bare>
  );
}

export function BareMessage(props: { w: Words; lang: Lang; title: string; text: string }) {
  const { w } = props;
  return (
    <Bare w={w} lang={props.lang} title={props.title} switchTo={`/bureau/?lang=${w.otherLang}`}>
      <h1>{props.title}</h1>
      <Notice kind="bad" testId="message">
        {props.text}
      </Notice>
      <p>
        <a href="/bureau/">{w.backToToday}</a>
      </p>
    </Bare>
  );
}

export function MessagePage(props: { ctx: PageContext; title: string; text: string }) {
  const { ctx } = props;
  return (
    <Page ctx={ctx} title={props.title} section="none">
      <h1>{props.title}</h1>
      <Notice kind="bad" testId="message">
        {props.text}
      </Notice>
      <p>
        <a href="/bureau/">{ctx.w.backToToday}</a>
      </p>
    </Page>
  );
}
