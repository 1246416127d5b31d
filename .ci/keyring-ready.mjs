// Inside the CI keyring session, before the tests: writes, reads back and deletes one probe secret, retrying for a
// while. The first write makes gnome-keyring create its login collection on disk; without this, the keychain tests
// of two test workers could be the first writers at the same moment. One loaded CI run saw every keychain test fail
// with "couldn't create system prompt" (gnome-keyring asking, with no one to ask, for a collection to write into).
// Exits 0 either way: when the keychain never answers, the tests that need it say why.
import { AsyncEntry } from '@napi-rs/keyring';

const deadline = Date.now() + 15_000;
let last;
for (;;) {
  try {
    // made anew each time: without a Secret Service on the bus, making it throws already
    const entry = new AsyncEntry('sluice-ci-probe', 'keyring-ready', { linux: { store: 'secret-service' } });
    await entry.setPassword('ready');
    if ((await entry.getPassword()) !== 'ready') throw new Error('the probe secret read back differently');
    await entry.deletePassword();
    console.log('keyring-ready: the keychain stores, reads and deletes');
    break;
  } catch (error) {
    last = error instanceof Error ? error.message : String(error);
  }
  if (Date.now() > deadline) {
    console.log(`keyring-ready: the keychain did not answer within 15 s (${last}); running the tests anyway`);
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}
