/** How to get the PostgreSQL binaries (printed with the skip line). */
export declare const HOW_TO_INSTALL_POSTGRES: string;
/** Whether a throwaway cluster can run here: the bin folder (and the user to run as under root), or why not. */
export declare function findPostgres():
  | { bin: string; uid?: number; gid?: number; reason?: undefined }
  | { reason: string };
/** A running throwaway cluster. */
export interface PostgresCluster {
  /** Superuser `dlkit` on the `postgres` database, loopback, trust auth. */
  url: string;
  port: number;
  /** Temp directory holding the data directory and the unix socket. */
  dir: string;
  /** Shut the server down and remove the directory. */
  stop(): Promise<void>;
  /** Shut the server down, keeping its data (a database outage, for fault tests). */
  pause(): Promise<void>;
  /** Start it again on the same port and data. */
  resume(): Promise<void>;
}
/** Start a throwaway cluster (initdb in a temp dir, free loopback port, no fsync). */
export declare function startPostgresCluster(opts?: { maxConnections?: number }): Promise<PostgresCluster>;
