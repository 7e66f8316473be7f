"""The emulated Microsoft identity platform (Entra ID) the sandbox stands behind.

provider.py        IdentityProvider: wires everything below, mounted at the sandbox root
routes.py          the URL map
authorize.py       /{tenant}/oauth2/v2.0/authorize and the consent answer
token_endpoint.py  /{tenant}/oauth2/v2.0/token, over grants.py
admin_consent.py   /{tenant}/adminconsent and /{tenant}/v2.0/adminconsent
app_consents.py    AppConsents: which apps an admin consented to, per tenant
discovery.py       OpenID configuration and JWKS
environments.py    BC's /environments/v1.2
verifier.py        TokenVerifier: bearer token -> Principal, on every API request
"""

from sandbox.identity.principal import Principal
from sandbox.identity.provider import IdentityProvider
from sandbox.identity.verifier import TokenVerifier

__all__ = ["IdentityProvider", "Principal", "TokenVerifier"]
