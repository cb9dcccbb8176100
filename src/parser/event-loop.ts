// A turn of the event loop for a long parse, so that a cancel message can
// arrive: a File's reads can resolve one after another without one, and a
// Cancel then waited for the whole parse (e2e/dashboard.spec.ts "cancel stops
// a parse in progress" failed so on a fresh machine).

/** How often a parse with a cancel signal hands the event loop a turn. */
const YIELD_EVERY_MS = 50;

const waiting: (() => void)[] = [];
let channel: MessageChannel | null = null;

/**
 * Resolves after one turn of the event loop. Node has setImmediate; a
 * browser worker gets a message to itself on one channel kept for it (a
 * timer is clamped to 4 ms when nested, and a new channel per turn costs
 * Chromium a pipe each time).
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') return void setImmediate(resolve);
    if (!channel) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => waiting.shift()?.();
    }
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}

/**
 * For a loop over chunks that a cancel may stop: await the result between
 * chunks. Every YIELD_EVERY_MS it hands the event loop a turn; otherwise it
 * returns at once.
 */
export function loopTurns(): () => Promise<void> | undefined {
  let last = Date.now();
  return () => {
    if (Date.now() - last <= YIELD_EVERY_MS) return undefined;
    return yieldToEventLoop().then(() => {
      last = Date.now();
    });
  };
}
