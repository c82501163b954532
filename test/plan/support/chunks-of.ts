/** The bytes cut into pieces of the given sizes, taken in turn, as a stream would deliver them. */
export async function* chunksOf(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  for (let at = 0, turn = 0; at < bytes.length; turn += 1) {
    const size = Math.max(1, sizes[turn % sizes.length]!);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}
