FROM golang:1.22-bookworm
WORKDIR /app
COPY . .
RUN go mod init github.com/acme/greeter && go get && go install
EXPOSE 8080
CMD ["greeter"]
