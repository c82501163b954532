# What the app is told, by app setting name. Plain settings carry no credential; every credential is a
# Key Vault secret, and the app gets only a reference to it (NubesGen's names, plus Spring Boot's).
locals {
  databases = {
    postgresql = { port = 5432, url = "postgresql", jdbc = "postgresql", query = "?sslmode=require" }
    mysql      = { port = 3306, url = "mysql", jdbc = "mysql", query = "?sslMode=REQUIRED" }
    sql        = { port = 1433, url = "sqlserver", jdbc = "sqlserver", query = ";encrypt=true" }
  }
  # Exactly one of the three, or none. The conditions below test the toggles, never these objects,
  # which carry a sensitive password: a test on them would make every setting sensitive.
  database = one(concat(module.postgresql, module.mysql, module.sql))
  db       = lookup(local.databases, var.database, null)
  db_jdbc_url = var.database == "none" ? null : (var.database == "sql"
    ? "jdbc:sqlserver://${local.database.host}:1433;database=${local.database.database}${local.db.query}"
  : "jdbc:${local.db.jdbc}://${local.database.host}:${local.db.port}/${local.database.database}${local.db.query}")

  redis  = one(module.redis)
  blobs  = one(module.blob_storage)
  cosmos = one(module.cosmos_mongo)

  settings = merge(
    var.database == "none" ? {} : {
      DATABASE_HOST              = local.database.host
      DATABASE_PORT              = tostring(local.db.port)
      DATABASE_NAME              = local.database.database
      DATABASE_USERNAME          = local.database.username
      DATABASE_JDBC_URL          = local.db_jdbc_url
      SPRING_DATASOURCE_URL      = local.db_jdbc_url
      SPRING_DATASOURCE_USERNAME = local.database.username
    },
    !var.cache ? {} : { REDIS_HOST = local.redis.host, REDIS_PORT = tostring(local.redis.port) },
    !var.storage ? {} : {
      STORAGE_ACCOUNT_NAME   = local.blobs.account_name
      STORAGE_BLOB_ENDPOINT  = local.blobs.blob_endpoint
      STORAGE_CONTAINER_NAME = local.blobs.container_name
    },
    !var.cosmos ? {} : { MONGODB_DATABASE = local.cosmos.database },
  )

  # Setting name => Key Vault secret name. Known at plan time from the toggles alone, so that the
  # secrets, app settings and Container Apps secrets can be iterated over.
  secret_settings = merge(
    var.database == "none" ? {} : {
      DATABASE_PASSWORD          = "database-password"
      DATABASE_URL               = "database-url"
      SPRING_DATASOURCE_PASSWORD = "database-password"
    },
    var.cache ? { REDIS_PASSWORD = "redis-password", REDIS_URL = "redis-url" } : {},
    var.cosmos ? { MONGODB_URI = "mongodb-uri", SPRING_DATA_MONGODB_URI = "mongodb-uri" } : {},
  )

  secrets = merge(
    var.database == "none" ? {} : {
      database-password = local.database.password
      database-url      = "${local.db.url}://${local.database.username}:${urlencode(local.database.password)}@${local.database.host}:${local.db.port}/${local.database.database}${var.database == "postgresql" ? local.db.query : ""}"
    },
    !var.cache ? {} : {
      redis-password = local.redis.password
      redis-url      = "rediss://:${urlencode(local.redis.password)}@${local.redis.host}:${local.redis.port}"
    },
    !var.cosmos ? {} : { mongodb-uri = local.cosmos.connection_string },
  )
}
