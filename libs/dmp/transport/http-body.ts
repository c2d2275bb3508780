/**
 * An HTTP request or response body ready to be streamed: write `chunks` in
 * order and announce `byteLength`; nobody concatenates them, so a 7 MB
 * document is never copied into one more buffer.
 */
export interface HttpBody {
  contentType: string;
  chunks: Buffer[];
  byteLength: number;
}

export function httpBody(contentType: string, chunks: Buffer[]): HttpBody {
  return {
    contentType,
    chunks,
    byteLength: chunks.reduce((total, chunk) => total + chunk.length, 0),
  };
}
