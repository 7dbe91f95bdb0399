import { loadFlex, stoppedTelemetryGroups } from '../../sim/flexHost';

// The in-process engine installs the plugin thousands of times in one process (npm run soak).
// Flex groups its programmability telemetry until its root container mounts, which never happens
// here: the host catches that group as Flex builds it and stops it, as hosted Flex does at mount.
// If a Flex release renames what the catch looks for, this fails (and a long soak slows down
// story by story instead).
describe('the in-process Flex host', () => {
  it('stops the telemetry group Flex makes at load', () => {
    loadFlex();
    expect(stoppedTelemetryGroups).toBe(1);
  }, 60_000);
});
