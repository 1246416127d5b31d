/** The config a new project starts from: dlt's `rest_api` shape, with the secret as a reference, never a value. */
export const DEFAULT_SOURCE_CONFIG = `{
  "client": {
    "base_url": "https://api.example.com/v1/",
    "auth": {
      "type": "bearer",
      "token": "{secrets.api_token}"
    }
  },
  "resource_defaults": {
    "write_disposition": "append",
    "endpoint": {
      "params": { "per_page": 100 }
    }
  },
  "resources": [
    "issues",
    {
      "name": "users",
      "primary_key": "id",
      "write_disposition": "merge",
      "endpoint": {
        "path": "users",
        "params": { "active": true }
      }
    }
  ]
}
`;
