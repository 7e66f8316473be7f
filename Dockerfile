# syntax=docker/dockerfile:1
# Build stage: install bcgraph and its dependencies into a virtual environment.
FROM python:3.11-slim AS build
WORKDIR /src
RUN python -m venv /opt/bcgraph
COPY pyproject.toml README.md ./
COPY bcmodel bcmodel
COPY gateway gateway
COPY schema schema
COPY resolvers resolvers
COPY sandbox sandbox
RUN /opt/bcgraph/bin/pip install --no-cache-dir .

# Run stage: only the virtual environment, run as an unprivileged user.
FROM python:3.11-slim
RUN useradd --create-home --uid 10001 bcgraph
COPY --from=build /opt/bcgraph /opt/bcgraph
ENV PATH=/opt/bcgraph/bin:$PATH PYTHONUNBUFFERED=1
USER bcgraph
WORKDIR /home/bcgraph
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8000/healthz')" || exit 1
CMD ["bcgraph", "dev", "--host", "0.0.0.0", "--port", "8000"]
