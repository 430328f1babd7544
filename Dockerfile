# syntax=docker/dockerfile:1
# Build stage: the same restore and publish commands .ci/run uses (a test keeps them in step).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props TradeBot.sln ./
COPY TradeBot.Domain/TradeBot.Domain.csproj TradeBot.Domain/
COPY TradeBot.Web/TradeBot.Web.csproj TradeBot.Web/
RUN dotnet restore TradeBot.Web/TradeBot.Web.csproj
COPY TradeBot.Domain/ TradeBot.Domain/
COPY TradeBot.Web/ TradeBot.Web/
RUN dotnet publish TradeBot.Web/TradeBot.Web.csproj -c Release --no-restore -o /app/publish

# Runtime stage: ASP.NET runtime only, runs as the image's non-root "app" user.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app/publish .
RUN mkdir -p /data && chown app:app /data
USER app
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Database__DataFolder=/data
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["dotnet", "TradeBot.Web.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "TradeBot.Web.dll"]
