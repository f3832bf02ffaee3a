"""Microsoft's Graph SDK for Python (msgraph-sdk) listing users with its PageIterator against a
`lazyentra serve-demo`, for benches/run-big-tenant.sh. Prints one `name=value` line.

    python sdk_list.py BASE_URL USERS

It asks for the same page as lazyentra and the floor client (`$select` of lazyentra's columns,
`$top=999`, `$count=true`, `ConsistencyLevel: eventual`) and pages until at least USERS users
are in. The clock starts after the token (one request of a few milliseconds), which is
fetched first.

The SDK is unchanged. Two things are pointed at the emulator:
- the Graph root: the request adapter's `base_url` (the SDK's documented way to reach a
  national cloud), and the emulator's host in the auth provider's `allowed_hosts` (without it
  the SDK sends no token to a host it does not know). Kiota sends tokens over plain http only
  to loopback, which the emulator is.
- the credential: azure-identity refuses an authority that is not https ("The value must be a
  TLS protected (https) URL"), and the emulator serves plain http on loopback. So the token
  comes from a minimal `AsyncTokenCredential` (azure-core's protocol, what the SDK takes) that
  does the same client-credentials POST to the emulator's token endpoint.
"""

import asyncio
import sys
import time
from urllib.parse import urlparse

import httpx
from azure.core.credentials import AccessToken
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph import GraphRequestAdapter, GraphServiceClient
from msgraph.generated.users.users_request_builder import UsersRequestBuilder
from msgraph_core import PageIterator
from msgraph_core.authentication import AzureIdentityAuthenticationProvider

TENANT = "7b2c9f4e-8d31-4a6b-9e5f-0c1d2a3b4c5d"
CLIENT_ID = "1f0e5a7c-2b4d-4c8e-9a61-3d5f7b9e0a12"
CLIENT_SECRET = "demo~admin~Secret.0000-not-a-real-secret"
# The user list's $select (src/graph/model.rs LIST_SELECT): what lazyentra's load-all asks for.
SELECT = [
    "id", "displayName", "userPrincipalName", "mail", "jobTitle", "department", "userType",
    "accountEnabled", "createdDateTime",
]


class EmulatorCredential:
    """Client credentials against the emulator's token endpoint; one token, reused."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.token = None

    async def get_token(self, *scopes, **kwargs) -> AccessToken:
        if self.token is None:
            async with httpx.AsyncClient() as http:
                answer = await http.post(
                    f"{self.base}/{TENANT}/oauth2/v2.0/token",
                    data={
                        "client_id": CLIENT_ID,
                        "client_secret": CLIENT_SECRET,
                        "scope": f"{self.base}/.default",
                        "grant_type": "client_credentials",
                    },
                )
                answer.raise_for_status()
                body = answer.json()
                self.token = AccessToken(body["access_token"], int(time.time()) + body["expires_in"])
        return self.token

    async def close(self):
        pass

    async def __aenter__(self):
        return self

    async def __aexit__(self, *args):
        pass


async def main(base: str, most: int) -> None:
    credential = EmulatorCredential(base)
    await credential.get_token()
    auth = AzureIdentityAuthenticationProvider(
        credential,
        scopes=[f"{base.rstrip('/')}/.default"],
        allowed_hosts=[urlparse(base).hostname],
    )
    adapter = GraphRequestAdapter(auth)
    adapter.base_url = f"{base.rstrip('/')}/v1.0"
    client = GraphServiceClient(request_adapter=adapter)
    query = UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(
        select=SELECT, top=999, count=True
    )
    config = RequestConfiguration(query_parameters=query)
    config.headers.add("ConsistencyLevel", "eventual")

    users = 0
    started = time.perf_counter()
    cpu_started = time.process_time()
    first = await client.users.get(request_configuration=config)

    def take(user) -> bool:
        nonlocal users
        users += 1
        return users < most

    pages = PageIterator(first, adapter)
    # The next links need the header again (the SDK does not carry it over by itself).
    # (PageIterator.set_headers passes the dict as keywords, which HeadersCollection refuses.)
    pages.headers.add("ConsistencyLevel", "eventual")
    await pages.iterate(take)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    print(f"sdk users={users} seconds={seconds:.3f} cpu_seconds={cpu:.2f}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
