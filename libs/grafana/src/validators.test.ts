import { expect, it } from 'vitest';
import { standaloneValidators } from '@plotwatch/testing';
import { validatorSchemas, VALIDATOR_OPTIONS } from './schema-validators.ts';

// The build validates with the committed module; a replaced schema or another ajv must regenerate it.
it('schemas/validators.generated.js is the code ajv compiles from the schemas (update: npx vitest run <this file> --update)', async () => {
  const { js, dts } = standaloneValidators(
    VALIDATOR_OPTIONS,
    validatorSchemas(),
    'libs/grafana/src/schema-validators.ts',
  );
  await expect(js).toMatchFileSnapshot('../schemas/validators.generated.js');
  await expect(dts).toMatchFileSnapshot('../schemas/validators.generated.d.ts');
});
