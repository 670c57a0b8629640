# syntax=docker/dockerfile:1
#
# One image for every command of the project: the case worker, the API, the
# provider simulator, the starter CLI and the record store's upkeep (records).
# docker-compose.yml picks the command of each service (`command: ["worker",
# ...]`); `docker run IMAGE simulator -h` does the same by hand.
# deploy/README.md tells how to run it.

# ---- build: static binaries, cross-compiled on the build platform ----
FROM --platform=$BUILDPLATFORM golang:1.27 AS build
ARG TARGETOS
ARG TARGETARCH
ENV CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-buildvcs=false
WORKDIR /src

# Dependencies first, so a code change does not download them again.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download

COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags="-s -w" -o /out/ \
        ./worker ./cmd/api ./cmd/simulator ./cmd/starter ./cmd/records

# ---- runtime: Alpine (busybox wget for the healthchecks), non-root ----
FROM alpine:3.22
RUN apk add --no-cache ca-certificates tzdata \
    && addgroup -S -g 10001 assistance \
    && adduser -S -D -H -u 10001 -G assistance -h /app assistance
WORKDIR /app
COPY --from=build /out/ /usr/local/bin/
# The simulator's scripts (its -scenarios default is testsuite/scenarios, relative to /app).
COPY testsuite/scenarios/ /app/testsuite/scenarios/
USER 10001:10001
CMD ["worker"]
