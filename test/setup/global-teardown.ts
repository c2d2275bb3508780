/** Stops what the global set-up started and drops the test database. */
export default async function globalTeardown(): Promise<void> {
  const state = globalThis.accesDirectTestState;
  if (!state) return;
  await state.insiSandbox.stop();
  await state.mssSandboxes.stop();
  await state.dmpSandbox.stop();
  await state.temporal.teardown();
  await state.database.drop();
}
