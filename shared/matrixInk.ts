// Kept apart from palette.ts, which the first page loads: only the board and the summaries draw the matrix.

/** The matrix's lines and labels, drawn alike on the board and in the summaries' pictures. */
export const MATRIX_INK = {
  pathName: '#1e293b',
  pathHint: '#52606d',
  axis: '#8a97a8',
  axisTitle: '#334155',
  axisLabel: '#64748b',
  /** The bands where notes count as on the fence, laid over the tints at FENCE_OPACITY. */
  fence: '#64748b',
  frame: '#c3ccd8',
  parkingFill: '#fbfaf8',
  parkingEdge: '#cfcac2',
  parkingTitle: '#57534e',
  parkingHelp: '#78716c',
} as const;

export const FENCE_OPACITY = 0.05;
