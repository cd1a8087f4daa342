// A conditional write that lost (someone wrote first, or the item is not as read) is an answer, not an error.

export const isConditionFailure = (error: unknown) =>
  (error as Error).name === 'ConditionalCheckFailedException';

/** True when the write went through, false when its condition failed; any other error is thrown. */
export const unlessConditionFailed = (write: Promise<unknown>): Promise<boolean> =>
  write.then(
    () => true,
    (error: unknown) => {
      if (isConditionFailure(error)) return false;
      throw error;
    },
  );
