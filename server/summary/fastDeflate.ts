import zlib from 'node:zlib';

// pdfkit compresses every content stream and embedded font with zlib.deflateSync at zlib's default
// level (6), and takes no option for it. Level 1 compresses a 5,000-note report in well under half
// the time (about 60 ms instead of 150 ms) for a file about 15 % larger, which a download of a
// megabyte does not notice. Only the PDF worker imports this: the change is to its own copy of
// zlib (a worker thread has its own module instances), so nothing else in the server is affected.

export const PDF_DEFLATE_LEVEL = 1;

const deflateSync = zlib.deflateSync;

/** Makes deflateSync, called without a level as pdfkit does, compress at PDF_DEFLATE_LEVEL in this thread. */
export function useFastDeflate(): void {
  if ((zlib.deflateSync as { fast?: true }).fast) return;
  const fast = (data: zlib.InputType, options?: zlib.ZlibOptions) => deflateSync(data, { level: PDF_DEFLATE_LEVEL, ...options });
  zlib.deflateSync = Object.assign(fast, { fast: true as const });
}
