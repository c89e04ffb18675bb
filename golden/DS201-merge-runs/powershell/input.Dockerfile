FROM mcr.microsoft.com/powershell:lts-debian-11
SHELL ["pwsh", "-Command"]
RUN Write-Host one
RUN Write-Host two
