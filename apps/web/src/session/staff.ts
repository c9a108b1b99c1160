import { shallowRef } from 'vue';
import { ApiClient } from '../api/api-client';
import type { User } from '../api/api.types';
import { Session } from './session.store';

/** The one staff session of the tab and the api client that uses it. */
export const session = new Session();
export const api = new ApiClient(session);

/** The signed-in member of staff, reactive for the views. */
export const currentUser = shallowRef<User | null>(session.user);
session.onChange(() => (currentUser.value = session.user));
