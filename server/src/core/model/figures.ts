/** The workspace's figures, shown by the Health view and saved with a baseline for the trend. */
import { z } from 'zod';

export const figuresSchema = z.object({
  pythonFiles: z.number().int().min(0),
  codeLines: z.number().int().min(0),
  longFiles: z.number().int().min(0),
  logicHeavyViews: z.number().int().min(0),
  duplicatedLines: z.number().int().min(0),
  /** duplicatedLines / codeLines × 100, one decimal. */
  duplicatedPercentage: z.number().min(0),
  /** Duplicated lines the hard stage and the generalized extraction could remove (near-copies, classes repeating members); 0 in figures saved before it was counted. */
  nearDuplicateLines: z.number().int().min(0).default(0),
  largestFiles: z.array(z.object({ path: z.string(), codeLines: z.number().int().min(0) })),
});
export type Figures = z.infer<typeof figuresSchema>;
