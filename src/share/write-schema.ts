// `npm run schema`: writes public/reclaimscope-comparison.vN.schema.json (N the
// current SNAPSHOT_VERSION) from the validator (snapshot.ts), so the published
// schema never drifts from what the app accepts. share.test.ts fails when the
// two differ. Schemas of earlier versions stay published for their files.
// Also writes public/reclaimscope-parquet.v1.schema.json from
// model/parquet-schema.ts (checked by cli/parquet-export.test.ts).

import { writeFileSync } from 'node:fs';
import { parquetSchemaDocument } from '../model/parquet-schema.ts';
import { SNAPSHOT_VERSION, snapshotJsonSchema } from './snapshot.ts';

writeFileSync(
  new URL(`../../public/reclaimscope-comparison.v${SNAPSHOT_VERSION}.schema.json`, import.meta.url),
  JSON.stringify(snapshotJsonSchema(), null, 1) + '\n',
);
writeFileSync(new URL('../../public/reclaimscope-parquet.v1.schema.json', import.meta.url), JSON.stringify(parquetSchemaDocument(), null, 1) + '\n');
