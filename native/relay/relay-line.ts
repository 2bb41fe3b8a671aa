// The relay's serial line: one command at a time, so two pulses can never interleave their
// bytes, each sent, drained onto the wire and, for Modbus, held until the relay echoes it.
// Every command resolves within seconds with what happened; none throws.
import type { PortKeeper } from '../port-keeper';
import { describeModbusException, findModbusReply } from './relay-frames';
import type { PulseResult } from './serial-relay';

/** A port that has not taken a command by then is treated as dead, so a pulse always ends. */
const WRITE_TIMEOUT_MS = 1000;
/** Far more than any reply; a babbling line must not grow memory. */
const MAX_REPLY_BYTES = 256;

const NO_ANSWER = 'The relay did not answer (check its power, address and baud rate)';
const UNREADABLE = 'The relay answered with an error: an unreadable reply (check the baud rate)';

export const OK: PulseResult = { ok: true };
export const failure = (error: string): PulseResult => ({ ok: false, error });

/** Turn an error from writing to the relay's port into words a guard can act on. */
export function describeRelayError(path: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/port is not open|disconnected|\bEIO\b|\bENXIO\b|\bENODEV\b/i.test(message)) {
    return `Relay disconnected from ${path}`;
  }
  const reason = message.replace(/^Error:?\s*/, '').trim();
  return `Cannot write to the relay on ${path}: ${reason || 'unknown error'}`;
}

export interface RelayLineOptions {
  keeper: Pick<PortKeeper, 'current' | 'fail'>;
  path: string;
  /** Modbus answers each command with its echo; the LCUS-1 answers nothing. */
  expectsReply: boolean;
  replyTimeoutMs: number;
  /** Why nothing can be sent now (no port, wrong settings, shut down). */
  notConnected: () => string;
}

export function createRelayLine(options: RelayLineOptions) {
  const { keeper, path, expectsReply, replyTimeoutMs, notConnected } = options;
  let line: Promise<unknown> = Promise.resolve();
  /** Bytes received while a Modbus command waits for its answer. */
  let replyBytes = Buffer.alloc(0);
  let collecting = false;
  let replyWaiter: (() => void) | null = null;
  /** Ends the command on the wire at once (the port failed under it). */
  let abortExchange: ((error: string) => void) | null = null;

  function receive(chunk: Buffer): void {
    if (!collecting) return;
    replyBytes = Buffer.concat([replyBytes, chunk]);
    if (replyBytes.length > MAX_REPLY_BYTES) replyBytes = replyBytes.subarray(-MAX_REPLY_BYTES);
    replyWaiter?.();
  }

  /** Send one command and, for Modbus, wait for its echo. Always resolves, within seconds. */
  function exchange(frame: Uint8Array): Promise<PulseResult> {
    const target = keeper.current();
    if (target === null) return Promise.resolve(failure(notConnected()));
    return new Promise<PulseResult>((resolve) => {
      let settled = false;
      let timer: ReturnType<typeof setTimeout> | null = null;
      const finish = (result: PulseResult): void => {
        if (settled) return;
        settled = true;
        if (timer !== null) clearTimeout(timer);
        collecting = false;
        replyWaiter = null;
        abortExchange = null;
        resolve(result);
      };
      const broken = (error: string): void => {
        keeper.fail(target, error);
        finish(failure(error));
      };
      const checkReply = (): void => {
        const reply = findModbusReply(frame, replyBytes);
        if (reply.kind === 'echo') finish(OK);
        if (reply.kind === 'exception') {
          finish(
            failure(`The relay answered with an error: ${describeModbusException(reply.code)}`),
          );
        }
      };

      abortExchange = (error) => finish(failure(error));
      // Collect from before the write: a quick relay can answer before drain() returns.
      replyBytes = Buffer.alloc(0);
      collecting = expectsReply;
      timer = setTimeout(
        () => broken(`Cannot write to the relay on ${path}: the port did not take the command`),
        WRITE_TIMEOUT_MS,
      );
      target.write(Buffer.from(frame), (error) => {
        if (error) broken(describeRelayError(path, error));
      });
      // Wait until the bytes are on the wire, so the pulse is timed from the relay switching.
      target.drain((error) => {
        if (settled) return;
        if (error) {
          broken(describeRelayError(path, error));
          return;
        }
        if (timer !== null) clearTimeout(timer);
        if (!expectsReply) {
          finish(OK);
          return;
        }
        replyWaiter = checkReply;
        timer = setTimeout(
          () => finish(failure(replyBytes.length === 0 ? NO_ANSWER : UNREADABLE)),
          replyTimeoutMs,
        );
        checkReply();
      });
    });
  }

  function transact(frame: Uint8Array): Promise<PulseResult> {
    const result = line
      .then(() => exchange(frame))
      .catch((error: unknown) => failure(describeRelayError(path, error)));
    line = result;
    return result;
  }

  return {
    /** The port's data: kept while a command waits for its answer. */
    receive,
    /** Sends `frame` after the commands before it; resolves with what happened. */
    transact,
    /** Ends the command on the wire at once (the port failed under it). */
    abort: (error: string): void => abortExchange?.(error),
    /** Settles once every command sent so far has. */
    idle: (): Promise<unknown> => line,
  };
}
