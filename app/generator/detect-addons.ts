import type { Ecosystem, ManifestDependencies } from "./manifest-dependencies.js";
import type { Detection } from "./repository-files.js";

/** The services of the stacks' add-on modules (terraform-templates/modules/) the generator can turn on. */
export const ADDONS = ["postgresql", "mysql", "sql", "redis", "blob-storage", "cosmos-mongo", "monitoring", "key-vault"] as const;
export type Addon = (typeof ADDONS)[number];

/** The databases among the add-ons; a stack has one (its `database` variable). */
export const DATABASES = ["postgresql", "mysql", "sql"] as const satisfies readonly Addon[];

/**
 * The drivers and SDKs that say an app uses a service, by registry. A name ending in `*` matches
 * every package it starts. Only client libraries of the service itself: an ORM (Sequelize,
 * SQLAlchemy, Hibernate) names no database until a driver is added beside it.
 */
const CLIENTS: Record<Addon, Record<Ecosystem, string[]>> = {
  postgresql: {
    npm: ["pg", "pg-promise", "postgres"],
    pypi: ["psycopg", "psycopg-binary", "psycopg2", "psycopg2-binary", "asyncpg", "pg8000"],
    maven: ["org.postgresql:postgresql", "org.postgresql:r2dbc-postgresql"],
    nuget: ["Npgsql", "Npgsql.*"],
  },
  mysql: {
    npm: ["mysql", "mysql2"],
    pypi: ["pymysql", "mysqlclient", "mysql-connector-python", "aiomysql"],
    maven: ["com.mysql:mysql-connector-j", "mysql:mysql-connector-java", "io.asyncer:r2dbc-mysql"],
    nuget: ["MySql.Data", "MySqlConnector", "Pomelo.EntityFrameworkCore.MySql"],
  },
  sql: {
    npm: ["mssql", "tedious"],
    pypi: ["pyodbc", "pymssql", "mssql-python"],
    maven: ["com.microsoft.sqlserver:mssql-jdbc"],
    nuget: ["Microsoft.Data.SqlClient", "System.Data.SqlClient", "Microsoft.EntityFrameworkCore.SqlServer"],
  },
  redis: {
    npm: ["redis", "ioredis", "@redis/client"],
    pypi: ["redis", "django-redis"],
    maven: ["redis.clients:jedis", "io.lettuce:lettuce-core", "org.redisson:redisson", "org.springframework.boot:spring-boot-starter-data-redis*"],
    nuget: ["StackExchange.Redis", "Microsoft.Extensions.Caching.StackExchangeRedis"],
  },
  "blob-storage": {
    npm: ["@azure/storage-blob"],
    pypi: ["azure-storage-blob"],
    maven: ["com.azure:azure-storage-blob", "com.azure.spring:spring-cloud-azure-starter-storage-blob"],
    nuget: ["Azure.Storage.Blobs"],
  },
  "cosmos-mongo": {
    npm: ["mongodb", "mongoose"],
    pypi: ["pymongo", "motor", "mongoengine"],
    maven: ["org.mongodb:*", "org.springframework.boot:spring-boot-starter-data-mongodb*"],
    nuget: ["MongoDB.Driver"],
  },
  monitoring: {
    npm: ["applicationinsights", "@azure/monitor-opentelemetry"],
    pypi: ["applicationinsights", "azure-monitor-opentelemetry", "opencensus-ext-azure"],
    maven: ["com.microsoft.azure:applicationinsights-*", "com.azure:azure-monitor-opentelemetry-*"],
    nuget: ["Microsoft.ApplicationInsights", "Microsoft.ApplicationInsights.*", "Azure.Monitor.OpenTelemetry.*"],
  },
  "key-vault": {
    npm: ["@azure/keyvault-secrets"],
    pypi: ["azure-keyvault-secrets", "azure-keyvault"],
    maven: ["com.azure:azure-security-keyvault-secrets", "com.azure.spring:spring-cloud-azure-starter-keyvault*"],
    nuget: ["Azure.Security.KeyVault.Secrets", "Azure.Extensions.AspNetCore.Configuration.Secrets"],
  },
};

export interface AddonDetections {
  /** At most one database; the others in ADDONS order. */
  addons: Array<Detection<Addon>>;
  /** What the reader should know: a second database the stack cannot also create. */
  notes: string[];
}

/** The add-ons the app's manifests name a client library of, each with the first manifest and package that says so. */
export function detectAddons(manifests: readonly ManifestDependencies[]): AddonDetections {
  const found = ADDONS.flatMap((addon): Array<Detection<Addon>> => {
    for (const { manifest, ecosystem, names } of manifests) {
      const name = names.find((candidate) => CLIENTS[addon][ecosystem].some((pattern) => matches(pattern, candidate, ecosystem)));
      if (name !== undefined) return [{ value: addon, reason: `${manifest} depends on ${name}` }];
    }
    return [];
  });
  const databases = found.filter((d) => isDatabase(d.value));
  const [database, ...others] = databases;
  const notes = others.map(
    (other) => `Also found ${other.value} (${other.reason}); a stack has one database, so it gets ${database!.value}: change terraform.variables.database if the app needs ${other.value} instead.`,
  );
  return { addons: found.filter((d) => !isDatabase(d.value) || d === database), notes };
}

function isDatabase(addon: Addon): boolean {
  return (DATABASES as readonly Addon[]).includes(addon);
}

// NuGet package ids are case-insensitive; npm names are lowercase, Maven coordinates and normalised Python names compare exactly.
function matches(pattern: string, name: string, ecosystem: Ecosystem): boolean {
  const [p, n] = ecosystem === "nuget" ? [pattern.toLowerCase(), name.toLowerCase()] : [pattern, name];
  return p.endsWith("*") ? n.startsWith(p.slice(0, -1)) : n === p;
}
