FROM eclipse-temurin:21-jre
RUN curl -fsSLo /opt/tomcat.tar.gz https://archive.apache.org/dist/tomcat/tomcat-10/v10.1.19/bin/apache-tomcat-10.1.19.tar.gz \
    && tar -xzf /opt/tomcat.tar.gz -C /opt
