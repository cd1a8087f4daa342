export default async function globalTeardown() {
  await globalThis.__dynamoEngine__?.close();
}
