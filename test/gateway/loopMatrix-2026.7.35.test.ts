// What a real openclaw 2026.7.35 gateway answers a catalog client paired without operator.admin, per connection mode:
// each cell asserts the outcome schemas/scopes.json records (clients.<id>.measured["2026.7.35"]).
import { describeMatrix } from '../support/loopMatrix';

describeMatrix('2026.7.35'); // installed by default (scripts/install-gateway.mjs): never skipped
