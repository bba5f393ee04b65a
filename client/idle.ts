/** Work the reader does not see yet waits until the browser is idle (or at most `timeout` ms). */
export function whenIdle(timeout = 500): Promise<void> {
  return new Promise((resolve) => {
    const idle = (window as { requestIdleCallback?: (cb: () => void, options?: { timeout: number }) => number }).requestIdleCallback;
    if (idle) idle(() => resolve(), { timeout });
    else window.setTimeout(resolve, 1);
  });
}
