import type { DataSource } from 'typeorm';
import { regionContext } from '@tongban/kernel';

type Release = (error?: unknown) => void;
interface PoolClient {
  query(sql: string, values: unknown[]): Promise<unknown>;
}
interface CheckoutDriver {
  obtainMasterConnection(): Promise<[PoolClient, Release]>;
}

/** The role the application's statements run as when the login role would bypass row-level security. */
export const APP_ROLE = 'tongban_app';

const SETTINGS = `SELECT set_config('tongban.region', $1, false), set_config('tongban.regions', $2, false), set_config('tongban.inherited', $3, false)`;
const SETTINGS_AS_APP = `SELECT set_config('role', '${APP_ROLE}', false), set_config('tongban.region', $1, false), set_config('tongban.regions', $2, false), set_config('tongban.inherited', $3, false)`;

/** How a data source's connections are bound; `asAppRole` is switched on once the migrations ran. */
export interface RegionBinding {
  asAppRole: boolean;
}

/**
 * Applies the region context to every connection the data source checks out (a query, a query
 * runner, a transaction), in one statement before the caller's first: `tongban.region`,
 * `tongban.regions` and `tongban.inherited` of the caller's scope (read from the async context of
 * the caller, not of whoever released the connection), and, when `asAppRole`, `SET ROLE tongban_app`
 * so that a superuser login is bound by row-level security like the application's own role.
 */
export function bindRegions(dataSource: DataSource): RegionBinding {
  const binding: RegionBinding = { asAppRole: false };
  const driver = dataSource.driver as unknown as CheckoutDriver;
  const obtain = driver.obtainMasterConnection.bind(driver);
  driver.obtainMasterConnection = async () => {
    const settings = regionContext.settingsOf(regionContext.current());
    const [client, release] = await obtain();
    try {
      await client.query(binding.asAppRole ? SETTINGS_AS_APP : SETTINGS, [settings.region, settings.regions, settings.inherited]);
    } catch (error) {
      release(error);
      throw error;
    }
    return [client, release];
  };
  return binding;
}

/** Whether the data source's login role skips row-level security (a superuser or a BYPASSRLS role). */
export async function bypassesRowSecurity(dataSource: DataSource): Promise<boolean> {
  const [row] = await dataSource.query(`SELECT rolsuper OR rolbypassrls AS bypass FROM pg_roles WHERE rolname = current_user`) as { bypass: boolean }[];
  return row?.bypass === true;
}
