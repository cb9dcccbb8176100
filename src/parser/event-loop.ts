// A turn of the event loop for a long parse, so that a cancel message can
// arrive: a File's reads can resolve one after another without one, and a
// Cancel then waited for the whole parse (e2e/dashboard.spec.ts "cancel stops
// a parse in progress" failed so on a fresh machine).

/** How often a parse with a cancel signal hands the event loop a turn. */
export const YIELD_EVERY_MS = 50;

/** Resolves after one turn of the event loop: a message to ourselves, not a timer, which a worker clamps to 4 ms when nested. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof MessageChannel === 'undefined') return void setTimeout(resolve, 0);
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}
