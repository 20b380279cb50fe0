import { L2Book } from '../book/l2-book';

/** One L2 book per book stream, indexed by stream id (no Map lookup on the hot path). */
export class BookStore {
  private readonly books: (L2Book | undefined)[] = [];

  /** The book of a stream, created empty on first use. */
  get(streamId: number): L2Book {
    const b = this.books[streamId];
    if (b !== undefined) return b;
    const created = new L2Book();
    this.books[streamId] = created;
    return created;
  }

  /** The book of a stream if one exists. */
  peek(streamId: number): L2Book | undefined {
    return this.books[streamId];
  }

  /** Stream ids that have a book, ascending. */
  streamIds(): number[] {
    const ids: number[] = [];
    this.books.forEach((b, id) => {
      if (b !== undefined) ids.push(id);
    });
    return ids;
  }
}
