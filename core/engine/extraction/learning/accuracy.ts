/** Per-vendor measured accuracy from reviewed documents (the draft bill is the moment a document is reviewed). */

export type Review = { partnerId: number; fields: number; corrected: number };

export type VendorAccuracy = {
  reviewed: number;
  fields: number;
  correctedFields: number;
  /** fields right without correction / fields; null before any review */
  accuracy: number | null;
  /** reviewed documents in a row, newest back, without a correction */
  cleanStreak: number;
};

/** Reviews in the order they happened (oldest first). */
export function vendorAccuracy(reviews: readonly Review[]): Map<number, VendorAccuracy> {
  const out = new Map<number, VendorAccuracy>();
  for (const r of reviews) {
    const a = out.get(r.partnerId) ?? { reviewed: 0, fields: 0, correctedFields: 0, accuracy: null, cleanStreak: 0 };
    a.reviewed++;
    a.fields += r.fields;
    a.correctedFields += Math.min(r.corrected, r.fields);
    a.cleanStreak = r.corrected === 0 ? a.cleanStreak + 1 : 0;
    a.accuracy = a.fields > 0 ? (a.fields - a.correctedFields) / a.fields : null;
    out.set(r.partnerId, a);
  }
  return out;
}
