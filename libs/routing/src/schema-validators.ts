// What schemas/validators.generated.js is made of: the schemas the build checks Grafana's alerting
// objects against, and ajv's options for them. Compiled by ajv at every build they took about 100 ms;
// the generated module loads in a few. validators.test.ts fails when the committed file is not ajv's
// standalone code of these (`npx vitest run libs/routing/src/validators.test.ts --update` writes it).
import type { Options } from 'ajv';
import alertingSchema from '../schemas/alerting.jsonschema.json' with { type: 'json' };
import routingTreeSchema from '../schemas/notifications.alerting.grafana.app-v1beta1.routingtree.json' with { type: 'json' };

// Formats go unchecked: `date-time` appears only in rule fields we never write, and the tree's OpenAPI 3.0
// formats (int64, date-time) are on fields a tree never carries.
export const VALIDATOR_OPTIONS: Options = { allErrors: true, strict: false, validateFormats: false };

/** Every validator, by its export name. */
export function validatorSchemas(): Record<string, object> {
  return {
    contactPoint: { ...alertingSchema, $ref: '#/definitions/ContactPoint' },
    notificationPolicy: { ...alertingSchema, $ref: '#/definitions/NotificationPolicy' },
    routingTree: {
      ...routingTreeSchema,
      $ref: '#/components/schemas/com.github.grafana.grafana.apps.alerting.notifications.pkg.apis.alertingnotifications.v1beta1.RoutingTree',
    },
  };
}
