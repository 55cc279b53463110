/**
 * Fitted model coefficients. Written by `npm run eval:reconcile -- --fit` (scripts/eval-reconcile.ts);
 * absent a fit, the engine uses the hand-set priors in features.ts. Do not edit by hand.
 */
export type FittedModel = { featureNames: readonly string[]; rank: readonly number[]; calib: readonly number[]; fittedOn: { seed: number; size: string; lines: number; proposals: number } };

export const FITTED_MODEL: FittedModel | undefined = {
  featureNames: ['bias', 'amountExact', 'amountFee', 'feeRound', 'feeInLabel', 'amountFxExact', 'amountFxApprox', 'amountPartial', 'partialHintOnPartial', 'partialHintOnFull', 'amountRelError', 'refStrong', 'refMedium', 'refWeak', 'refFuzzy', 'refStructured', 'refOtherItem', 'refNoneInLabel', 'partnerOnLine', 'partnerLineConflict', 'partnerIban', 'partnerIbanConflict', 'partnerLearned', 'partnerNameSim', 'partnerLabelSim', 'partnerNoEvidence', 'extraItems', 'subsetAmbiguity', 'sameAmountItems', 'monthsPastDue', 'itemAfterLine', 'partnerOnly', 'outgoing', 'isPayment', 'labelRefCount', 'amountInLabel'],
  rank: [-4.92494, 7.1749, 0.20988, 1.05202, 1.59912, 4.11787, 0.96707, -2.1463, 4.25025, -1.00483, -1.25187, 4.97242, 3.17552, 2.18309, 1.22021, 1.19523, -1.88339, 0.94708, 0.50988, -2.54779, 0.62435, -2.42609, 2, 1.9708, 0.09541, -1.8243, -0.39501, -0.74827, -0.71816, 0.06459, -2.19414, -3.62342, -1.02717, 0, -0.11416, 1.03901],
  calib: [-1.78506, 1.81613, 2.69554, -0.00052],
  fittedOn: { seed: 101, size: 'M', lines: 1214, proposals: 6682 },
};
