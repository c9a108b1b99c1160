/** Internal queue of instance control commands issued by other instances (cancel a called child). */
export const CONTROL_TOPIC = 'control';
