import type { KindredClient } from "../../typescript/src/index.js";

/**
 * Item titles for lists that carry only ids. The catalog is admin-only, so with a customer token lists
 * show ids; each id is asked for once.
 */
export class TitleCache {
  private readonly titles = new Map<string, string | undefined>();

  constructor(
    private readonly api: KindredClient,
    private readonly canRead: boolean,
  ) {}

  readonly of = (itemId: string): string | undefined => this.titles.get(itemId);

  async load(itemIds: readonly string[]): Promise<void> {
    if (!this.canRead) return;
    const missing = [...new Set(itemIds)].filter((id) => !this.titles.has(id)).slice(0, 100);
    await Promise.all(
      missing.map(async (itemId) => {
        const { data } = await this.api.GET("/v1/items/{itemId}", { params: { path: { itemId } } });
        this.titles.set(itemId, data?.title);
      }),
    );
  }

  /** Remembers titles already at hand (a catalog page). */
  remember(items: readonly { itemId: string; title?: string | undefined }[]): void {
    for (const item of items) this.titles.set(item.itemId, item.title);
  }
}
