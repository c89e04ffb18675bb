# escape=`
FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
WORKDIR C:\app
COPY . C:\app\
RUN powershell -Command `
    $ErrorActionPreference = 'Stop'; `
    # a comment inside the continuation `
    New-Item -ItemType Directory -Path C:\data\logs ; `
    Write-Host done
ENV PATH="C:\tools\bin;C:\Windows\system32" HOME=C:\Users\app
RUN echo `` not continued
CMD ["C:\\app\\run.exe", "--flag"]
