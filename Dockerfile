# vanthu: one static binary on a small base image.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/vanthu ./cmd/vanthu

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates wget && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /var/lib/vanthu --create-home vanthu
COPY --from=build /out/vanthu /usr/local/bin/vanthu
USER vanthu
WORKDIR /var/lib/vanthu
ENV VANTHU_ADDR=0.0.0.0:8080 VANTHU_DATA_DIR=/var/lib/vanthu/data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD wget -qO- http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["vanthu"]
CMD ["serve"]
