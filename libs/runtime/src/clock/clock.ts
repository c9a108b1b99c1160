/** The injected clock lives in the kernel, so that every lib may take its time from it. */
export { CLOCK, type Clock } from '@tongban/kernel';
