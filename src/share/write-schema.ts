// `npm run schema`: writes public/reclaimscope-comparison.v1.schema.json from
// the validator (snapshot.ts), so the published schema never drifts from what
// the app accepts. share.test.ts fails when the two differ.

import { writeFileSync } from 'node:fs';
import { snapshotJsonSchema } from './snapshot.ts';

writeFileSync(new URL('../../public/reclaimscope-comparison.v1.schema.json', import.meta.url), JSON.stringify(snapshotJsonSchema(), null, 1) + '\n');
