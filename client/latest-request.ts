/** What a view keeps about its requests, shown by LoadState: only the newest request's answer counts. */
export interface RequestState {
  request: number;
  loading: boolean;
  error: string;
  /** The newest request failed (rather than found nothing): a retry may help. */
  failed: boolean;
}

/**
 * Runs `fetch` as the view's newest request. `apply` gets the answer, unless a newer request has
 * started meanwhile, and returns the error to show ('' for none); a failed request shows `loadError`.
 */
export async function latestRequest<T>(view: RequestState, fetch: () => Promise<T>, apply: (answer: T) => string, loadError: string): Promise<void> {
  const request = ++view.request;
  view.loading = true;
  try {
    const answer = await fetch();
    if (request !== view.request) return;
    view.error = apply(answer);
    view.failed = false;
  } catch {
    if (request === view.request) {
      view.error = loadError;
      view.failed = true;
    }
  } finally {
    if (request === view.request) view.loading = false;
  }
}
