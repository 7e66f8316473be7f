# syntax=docker/dockerfile:1
# bcgraph: `docker build -t bcgraph .` (add `--build-arg EXTRAS=otel` for tracing).
# The base image is pinned by version tag (both stages alike); add @sha256:... to pin it
# by digest too.
# Runs `bcgraph serve` with settings from BCGRAPH_* variables (see README.md). Dev mode
# instead, published on the host's loopback only (requests without a token act as its
# demo user, so it refuses a non-loopback bind unless told --unsafe-expose):
#   docker run -p 127.0.0.1:8000:8000 bcgraph bcgraph dev --host 0.0.0.0 --unsafe-expose

# Build stage: bcgraph and its dependencies in a virtual environment, with the tools
# that compiling wheels may need; none of it reaches the runtime image.
FROM python:3.11.14-slim-bookworm AS build
ARG EXTRAS=""
WORKDIR /src
RUN python -m venv /opt/bcgraph
COPY pyproject.toml README.md ./
COPY bcmodel bcmodel
COPY gateway gateway
COPY schema schema
COPY resolvers resolvers
COPY sandbox sandbox
RUN /opt/bcgraph/bin/pip install --no-cache-dir ".${EXTRAS:+[$EXTRAS]}"

# Runtime stage: only the virtual environment, run as an unprivileged user.
FROM python:3.11.14-slim-bookworm
RUN useradd --create-home --uid 10001 bcgraph
COPY --from=build /opt/bcgraph /opt/bcgraph
ENV PATH=/opt/bcgraph/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    BCGRAPH_LOG_FORMAT=json
USER bcgraph
WORKDIR /home/bcgraph
EXPOSE 8000
# Liveness only; a load balancer should route by /readyz (store, BC and IdP reachable).
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["bcgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
