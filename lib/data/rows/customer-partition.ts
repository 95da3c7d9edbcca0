/**
 * The partition of one customer: the profile and every other row about the customer (seen events) live
 * under it, so erasure finds them all with one Query (customer-data-store.ts). One definition, so that a
 * row kind about a customer cannot be keyed where erasure does not look.
 */
export const CUSTOMER_PARTITION = "CUSTOMER#";

/** The partition key of `customerId`'s rows. */
export const customerPartition = (customerId: string): string => `${CUSTOMER_PARTITION}${customerId}`;
