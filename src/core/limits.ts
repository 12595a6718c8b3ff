// Text length limits. They keep every label readable on the rendered map and inside chat platforms'
// own limits (Slack buttons and options take 75 characters, sections 3,000).
export const LIMITS = {
  title: 120,
  scope: 500,
  departmentName: 60,
  displayName: 80,
  personaName: 80,
  personaField: 500,
  quote: 280,
  goal: 300,
  stageLabel: 140,
  channelName: 60,
  touchpointDescription: 300,
  observationText: 500,
  solutionText: 500,
  keyMomentLabel: 80,
  /** The target journey's story: a few paragraphs, posted with the final map and the roadmap documents. */
  narrative: 3000, // what a Slack text input holds, so that any approved story can be edited again
  departments: 20,
  stages: 20,
  channels: 15,
  voteBudget: 20,
  voteCap: 10,
  /** Items merged into one at a time (a group of near-duplicates). */
  mergeItems: 20,
  deliveryId: 200,
} as const;
