/** Asked before the hash route changes; false keeps the user where they are. */
type LeaveGuard = () => boolean;

const guards = new Set<LeaveGuard>();

/**
 * Runs before any other `hashchange` listener (capture listeners on the window come first): when a
 * guard refuses, the old address is put back and the shell's router never hears of the change.
 */
function onHashChange(event: HashChangeEvent): void {
  for (const guard of guards) {
    if (guard()) continue;
    event.stopImmediatePropagation();
    history.replaceState(history.state, '', event.oldURL);
    return;
  }
}

/** Asks `guard` before an in-app navigation (a link, the back button) leaves the page; returns the function that stops asking. */
export function guardLeave(guard: LeaveGuard): () => void {
  if (guards.size === 0) window.addEventListener('hashchange', onHashChange, { capture: true });
  guards.add(guard);
  return () => {
    guards.delete(guard);
    if (guards.size === 0) window.removeEventListener('hashchange', onHashChange, { capture: true });
  };
}
