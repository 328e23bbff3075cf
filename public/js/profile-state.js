// The questionnaire's state lives in the address (`#/assess?p={…}&skip=…&no=…&asOf=…`): every step can be
// bookmarked, shared, and reached again with the browser's Back button.

/** { profile, skip: Set, no: Set, asOf, edit } from route params. */
export function readState(params) {
  let profile = {};
  const raw = params.get('p');
  if (raw) {
    try {
      const parsed = JSON.parse(raw);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) profile = parsed;
    } catch {
      profile = {};
    }
  }
  const list = (k) => new Set((params.get(k) ?? '').split(',').filter(Boolean));
  return { profile, skip: list('skip'), no: list('no'), asOf: params.get('asOf') ?? '', edit: params.get('edit') ?? '' };
}

/** Route params for a state (empty parts left out). */
export function stateParams({ profile, skip = new Set(), no = new Set(), asOf = '', edit = '' }, extra = {}) {
  return {
    p: Object.keys(profile).length ? JSON.stringify(profile) : '',
    skip: [...skip].join(','),
    no: [...no].join(','),
    asOf,
    edit,
    ...extra,
  };
}

/** Whether a profile has what POST /v1/assessments requires (a name and at least one role). */
export function isComplete(profile) {
  return typeof profile.name === 'string' && profile.name.trim() !== '' && Array.isArray(profile.roles) && profile.roles.length > 0;
}
