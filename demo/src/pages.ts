/** What a query's paged results give (the SDK's `PagedEntities`), as far as {@link loadedPages} needs it. */
export interface LoadedPages<T> {
  items: T[];
  hasNextPage: boolean;
  nextPage(): Promise<unknown>;
}

/**
 * Every page of a query whose first page is already loaded (`dataset.annotations.list()`,
 * `assignments.getItems()` return their results so): that page as it came, then the next ones.
 * `for await (const page of pages)` starts again from page 0 (as the SDK's iteration does), so the
 * first page was asked twice: the item page loaded its annotations twice, ~100 ms apart.
 */
export async function* loadedPages<T>(pages: LoadedPages<T>): AsyncGenerator<T[]> {
  if (!pages.items.length) return;
  yield pages.items;
  while (pages.hasNextPage) {
    await pages.nextPage();
    if (!pages.items.length) return;
    yield pages.items;
  }
}
