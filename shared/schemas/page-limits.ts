// The admin lists' page sizes and cursor wording, apart from their zod schemas (page-query.ts): the
// authorizer reads MAX_PAGE_LIMIT through api-keys.ts, and importing the schemas would bundle zod into it.

export const MAX_PAGE_LIMIT = 200;
export const DEFAULT_PAGE_LIMIT = 50;

export const PAGE_CURSOR_MESSAGE =
  'is not a page marker this list gave out: leave cursor out to start again from the first page';
