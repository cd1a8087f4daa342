const STORE_TRIES = 3;

/** Our own store throttling is not the recipient's failure: try a write again before giving up. */
export async function retryWrite<T>(write: () => Promise<T>, tries = STORE_TRIES): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await write();
    } catch (error) {
      if (i >= tries) throw error;
    }
  }
}
