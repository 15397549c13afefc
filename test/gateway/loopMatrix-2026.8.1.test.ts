// What a real openclaw 2026.8.1 gateway answers a catalog client paired without operator.admin, per connection mode:
// each cell asserts the outcome schemas/scopes.json records (clients.<id>.measured["2026.8.1"]).
import { describeMatrix } from '../support/loopMatrix';

describeMatrix('2026.8.1'); // installed by default (scripts/install-gateway.mjs): never skipped
