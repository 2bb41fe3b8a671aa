// The health-code verifier (R4): one question, "what does the issuing platform say about this
// code?", answered green / yellow / red / expired / not-found / failed / timeout. It must never
// throw and never judge a code by the colour of pixels; only an online platform can verify.
import { z } from 'zod';
import { healthCodeResultSchema, type HealthCodeResult } from '../../contract/api';

export interface HealthCodeVerifier {
  /** Always settles, within the verifier's own timeout; never rejects. */
  verify(code: string): Promise<HealthCodeResult>;
}

export interface OnlineVerifierOptions {
  /** POST endpoint; HTTPS in production (the config allows http on loopback for tests). */
  url: string;
  timeoutSeconds: number;
  /** Injected for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

/** The answer's body: `{ "result": "green" }`; failed / timeout are the kiosk's own words. */
const answerSchema = z.object({ result: healthCodeResultSchema.exclude(['failed', 'timeout']) });

/**
 * The online verifier: POST `{ "code": "…" }` as JSON, answer `{ "result": "…" }` with a 2xx.
 * Anything else (another status, bad JSON, an unknown result, a broken connection) is failed;
 * no whole answer within the timeout is timeout. The body is read under the same deadline, so
 * a server that sends headers and then stalls is a timeout too.
 */
export function createOnlineVerifier(options: OnlineVerifierOptions): HealthCodeVerifier {
  const send = options.fetch ?? fetch;
  return {
    async verify(code: string): Promise<HealthCodeResult> {
      const deadline = AbortSignal.timeout(options.timeoutSeconds * 1000);
      try {
        const response = await send(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ code }),
          signal: deadline,
          redirect: 'error',
        });
        const text = await response.text();
        if (!response.ok) return 'failed';
        const parsed = answerSchema.safeParse(parseJson(text));
        return parsed.success ? parsed.data.result : 'failed';
      } catch {
        return deadline.aborted ? 'timeout' : 'failed';
      }
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
