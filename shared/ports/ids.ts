/** Random identifiers and secrets; a port so tests can make them predictable. */
export interface IdSource {
  /** URL-safe random id with at least `bytes` of entropy. */
  random(bytes?: number): string;
}
